"""The pages of the child in need and child protection journey, split by step.

Each view parses the request, reaches the record through ``casework.access`` (which scopes
through the child's record and audits the view), calls one action, and renders.
"""
