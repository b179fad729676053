"""The scaling engine of ``kg build``: a cheap first pass, the NLP stage per batch, executors.

- :mod:`kg.engine.prepass`: which sentences the statistical pipeline must read;
- :mod:`kg.engine.worker`: one batch of documents in, mentions and assertions out (the model
  loaded once per process);
- :mod:`kg.engine.executors`: that stage in this process, in worker processes, or on Dask;
- :mod:`kg.engine.records`: a build's outputs read back (the graph and ``--update`` use them).

Nothing heavy is imported here: spaCy and dask load inside the modules that need them.
"""

__all__: list[str] = []
