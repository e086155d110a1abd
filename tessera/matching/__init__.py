"""Probabilistic (Fellegi-Sunter) matching of person records with Splink, and the cannot-link merge of the
deterministic components it links. Used by the dbt Python model int_identity_match_pairs; tested directly."""
