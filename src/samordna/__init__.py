"""Samordna: one web application for a samordningsförbund's year."""
