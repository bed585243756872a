"""Wiring: a person's data download lists their employee numbers, and erasure
deletes them."""

from wagtail import hooks

from hrapi import erasure as hrapi_erasure
from hrapi.personal_data import personal_data
from training.erasure import ERASURE_HOOK
from training.personal_data import PERSONAL_DATA_HOOK

hooks.register(ERASURE_HOOK, hrapi_erasure.erase)
hooks.register(PERSONAL_DATA_HOOK, personal_data)
