"""The paperwork of a branch election, made from the recorded data (never typed twice).

``scenario.demo_dossier()`` builds the demo meeting; ``bundle.write_documents``
writes every document and the sealed archive; ``verify.verify_archive`` checks one.
"""
