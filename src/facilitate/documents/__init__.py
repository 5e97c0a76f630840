"""One module per printed thing: turns a plan into the template context and renders it."""
