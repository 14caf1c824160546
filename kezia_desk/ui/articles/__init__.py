"""ARTICLES: the catalog screen (list, search, new / edit an article with price and VAT) and its table model."""
