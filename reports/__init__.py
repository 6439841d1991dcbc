"""Reports: the region profile as PPTX (python-pptx) and PDF (fpdf2), charts drawn offline with vl-convert.

Everything here comes from views/ (views.slides.profile): the numbers, their suppression and their
labels are exactly the screen's. `python -m reports profile --region CODE --lang fi|sv|en
--format pptx|pdf --out PATH`.
"""
