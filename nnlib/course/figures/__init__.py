"""The book's figures, drawn with matplotlib (imported inside the functions that draw).

- ``plotting``: training histories, decision boundaries, digits, activation functions;
- ``networks``: network diagrams with their parameter counts, networks with their weights
  or gradients, one neuron's computational graph;
- ``surfaces``: loss surfaces and the paths optimizers take on them (Part 3);
- ``confusion``: confusion matrices and per-class precision and recall (Part 6);
- ``saliency``: input gradients and saliency maps (Part 6).

Import a module, e.g. ``from nnlib.course.figures.plotting import plot_history``.
"""
