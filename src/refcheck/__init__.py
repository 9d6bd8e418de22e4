"""refcheck: verify the PubMed citations on web pages against NCBI E-utilities."""

__version__ = "0.1.0"
