"""BMA indicator detail pages (the seed's format, DESIGN §1) → rows of the store's tables.

Two page kinds are read:

* the indicator detail page (``รายละเอียดตัวชี้วัด``, mykpi.php): name and code, annual
  target and result, type, the สยป. audit, the quarterly table, one report per quarter,
  definition, calculation (with the milestone levels), data sources, the strategy path and
  the supporting projects;
* the city development indicator database page (``โครงการจัดทำฐานข้อมูลตัวชี้วัดการพัฒนาเมือง
  (2562-2563)``, mykpi2563.php): name, number, target, data kind, strategy path and
  definition; no quarterly results.

Every fault that makes a page unusable is collected and raised together as one
:class:`ImportRejected` naming the line; nothing else is ever raised. A page that stops
before its closing sections (a copy cut short) is imported with what it holds and a
``page_cut_short`` warning. Text the parser does not know is kept in ``other_text``.

A detail page never prints its fiscal year: unless ``--fy`` gives it (or a ``ปี 2564`` prefix or
a city page's title range prints it), it is the year most of the page's dates and
``ประจำปีงบประมาณ พ.ศ. …`` phrases name, flagged ``fiscal_year_inferred`` with the date or line
it rests on (and ``fiscal_year_disagrees`` when they name more than one year); a page that
names none is refused.

A page never says its direction: :func:`kpi_model.achievement.infer_direction` reads it from
the name, the unit and the target line (``direction_source`` says ``recorded`` for a level
unit, ``inferred`` otherwise). A KPI named ``ระดับความสำเร็จ…`` is a level whatever its unit
line says (``ค่าเป้าหมาย 1 คลอง : 1``; :func:`unit_of`), its unit as written kept in
``unit_th``. Results are taken as cumulative (``accumulation_source`` ``default``) until an
analyst says otherwise. A level KPI's ``max_level`` is the highest level
its calculation lists (``max_level_source`` ``page``), or NULL with ``assumed`` when it lists
none. A quarterly report of only dashes is no report (NULL).

Where each part is read (each reader takes the page's lines and returns a frozen record):

* :mod:`.lines` — the page as lines, the section headings, one number or cell;
* :mod:`.header` — the page kind, name and code, target and achieved lines, type, result
  level, the audit;
* :mod:`.sections` — the body cut at its headings: reports, summary, text sections, the
  strategy lines; :mod:`.table` — the quarterly table;
* :mod:`.strategy` — the strategy path; :mod:`.levels` — milestone levels and ``max_level``;
  :mod:`.fiscal_year` — the year given, printed, or read from the page's dates and phrases;
* :mod:`.units` — :func:`unit_of`; :mod:`.page` — the readers composed into rows;
  :mod:`.files` — a file's bytes → text.
"""

from __future__ import annotations

from kpi_model.importer.detail_page.files import decode_page, read_detail_page
from kpi_model.importer.detail_page.page import ParsedPage, parse_detail_page
from kpi_model.importer.detail_page.units import unit_of

__all__ = ["ParsedPage", "parse_detail_page", "read_detail_page", "unit_of"]

_decode = decode_page  # the name kpi_model.importer.batch imports
