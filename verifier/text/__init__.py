"""Text helpers every stage may use (shared ground, like `verifier.models`):

repair    entities unescaped, mojibake undone, a post's HTML as plain text
dates     dates as articles show them and as exports and platforms write them
normal    the normal form texts are compared in (quotes, dashes, invisible characters)
"""
