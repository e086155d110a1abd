"""The Python side of the tessera customer data platform: demo data generator and its ground truth."""
