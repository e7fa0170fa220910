"""The paperwork of a branch election, made from the recorded data (never typed twice).

``service.dossier.dossier_for`` reads a meeting file into a ``Dossier``; ``bundle.write_documents``
writes every document and the sealed archive; ``verify.verify_archive`` checks one.
"""
