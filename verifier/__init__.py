"""verifier: find the posts that articles embed or quote, and check them against the originals."""

__version__ = "0.1.0"
