"""Loaders of data/** tables that lessons and labs both read."""
