"""Vendeurs: the sellers' screen, their forms, the first start's manager and the quick seller picker."""
