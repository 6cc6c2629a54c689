"""The follow-up loop on the pages (DESIGN §9): what owners write about an indicator that is
behind, the actions agreed and the thread between analyst and owner, read from and written to
the follow-up database (:mod:`kpi_model.followup`) through :func:`ui.followup_db.followup_db`.

Each page makes one call here: :func:`indicator_section` (the indicator page, beside the
verdict), :func:`overview_section` (the overview's two counts and their lists),
:func:`agency_actions` (the agencies and districts pages) and :func:`my_followup_page` /
:func:`accounts_page` (their own pages). Every write asks :func:`kpi_model.followup.can` (the
backend asks again inside the write's transaction); anyone it refuses reads only and is told
why. Everything a person typed is shown with ``st.text`` or in a table cell, never as
markdown or HTML; a message that quotes it goes through :func:`ui.format.md`.

Rooms: :mod:`.indicator` (puts together :mod:`.analysis`, :mod:`.comments`, :mod:`.actions`
and :mod:`.history`), :mod:`.lists` (overview, agencies, my follow-up), :mod:`.transfer`
(export and import), :mod:`.accounts`; :mod:`._state` and :mod:`._labels` are what they share.
"""

from ui.followup.accounts import accounts_page
from ui.followup.indicator import indicator_section
from ui.followup.lists import agency_actions, my_followup_page, overview_section

__all__ = [
    "accounts_page",
    "agency_actions",
    "indicator_section",
    "my_followup_page",
    "overview_section",
]
