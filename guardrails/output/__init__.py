"""Guards run on the draft answer, with the passages it was written from."""
