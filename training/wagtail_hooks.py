from wagtail import hooks

from training.personal_data import PERSONAL_DATA_HOOK, account_data

hooks.register(PERSONAL_DATA_HOOK, account_data)
