"""Loading an official per-municipality table of the programme office (a circulaire annex), in parts:

    kinds.py     what a table can hold (KINDS: a funding scheme's amounts or a tranche's municipalities)
    grid.py      reading the file (CSV, .xlsx, .ods) into rows of cells, numbered as a spreadsheet shows them
    amounts.py   amounts in Dutch or English notation, "x € 1.000" in a header
    layout.py    finding the header row and the name, code and amount columns under title rows
    parse.py     the rows under the header: names/codes matched to 2020 codes (kansrijke.data.matching), amounts,
                 the totals row checked against the sum
    evidence.py  writing the parsed rows as facts into bewijs/ (replacing earlier evidence they contradict)
    swap.py      replacing the changed files of the data folder, each by an atomic rename

The command and the whole load (parse, apply in a temporary copy, model, validate, swap) stay in
kansrijke/data/load_official.py: `python -m kansrijke.data.load_official KIND FILE [...]`.
"""
