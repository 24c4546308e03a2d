import personvern

@personvern.guard(name='x', purpose='service_delivery'
def broken(:
