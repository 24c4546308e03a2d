import personvern
PURPOSE = 'service_delivery'

@personvern.guard(name='lonn', purpose=PURPOSE, legal_basis='contract', data_categories=['name'], data_subjects=['customer'])
def pay():
    pass
