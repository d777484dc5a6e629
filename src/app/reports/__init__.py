"""Printed documents: briefings, roster lists and sign-in sheets, drawn with reportlab.

Every printout goes through ``document`` (page layout per GB/T 9704), ``fonts`` (Chinese
fonts by role, embedded) and ``linebreak`` (Chinese line-breaking rules). Nothing here
imports Qt: the GUI asks for PDF bytes and page images (``preview``).
"""
