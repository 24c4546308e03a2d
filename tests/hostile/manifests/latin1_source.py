import personvern
# Lønn
@personvern.guard(name='x', purpose='sale_of_data')
def f(): pass
