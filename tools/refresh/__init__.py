"""The atlas keeps itself current: network look-ups -> edited data/papers/*.yaml and a report.

`python -m tools.refresh` (`make refresh`, weekly in .github/workflows/refresh.yml) updates citation
counts (OpenAlex, else Semantic Scholar) and the health of GitHub code links, and reports drift
between the data and arXiv or OpenAlex without applying it. `make new-paper ID=.. ARXIV=..`
prefills a paper file from arXiv (new_paper.py). The build and `make check` never import this
package: it is the only code of the atlas that talks to the network.
"""
