import personvern
ARGS = {'purpose': 'sale_of_data'}

@personvern.guard(name='splat', **ARGS)
def f():
    pass
