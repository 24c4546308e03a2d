import os
import personvern
os.system('touch /tmp/personvern-pwned')

@personvern.guard(name='salg', purpose='sale_of_data', legal_basis='consent', data_categories=['name'], data_subjects=['customer'])
def sell():
    os.system('touch /tmp/personvern-pwned')
