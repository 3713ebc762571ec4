"""The text core: story format, sentences, Quick Looks and facts.

Pure Python. Nothing in this package imports Django or the apps around it;
the apps, the ``quicklooks`` command and the tests all call these functions.
"""
