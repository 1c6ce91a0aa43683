"""Read queries (connection in, DataFrame out) and the write actions."""
