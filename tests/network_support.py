"""Kept for the matrix's imports: the network builders live in tests/builders/network.py."""

from .builders.network import build_network, chain_link, finished_analysis, random_edges

__all__ = ["build_network", "chain_link", "finished_analysis", "random_edges"]
