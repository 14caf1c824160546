"""The printers the till drives itself: thermal ESC/POS printers through python-escpos (network, USB, serial).

An adapter layer beside hubrise/: it imports only the domain, blocks (sockets, USB, serial), and is therefore only
ever called from the print worker's thread, never from the event loop. Ordinary printers and PDFs go through Qt
(ui/printing/qt_output.py).
"""
