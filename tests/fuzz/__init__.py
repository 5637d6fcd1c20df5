"""Hypothesis-driven fuzz targets for the loader and the normaliser (see __main__)."""
