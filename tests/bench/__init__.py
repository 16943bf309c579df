"""Tests of bench/: the generator, the query mix, the answer comparison and the load client."""
