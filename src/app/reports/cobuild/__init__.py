"""Co-building printouts: the agreement ready to sign, the appraisal table."""
