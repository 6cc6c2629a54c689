"""Readers of outside formats: BMA detail pages, CSV and XLSX → validated store tables."""
