"""What the IPTC formats share: item identity and time, the QCode catalog, metadata text.

The NewsML-G2 and ninjs writers and ``newsconv validate`` all use this package, so an
article has the same guid, dates and QCodes in every IPTC output.
"""
