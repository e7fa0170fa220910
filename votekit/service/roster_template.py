"""The 党员花名册 template (.xlsx) the roster screen offers: a title row, the header the
import understands, one example row, and a drop-down for 人员类别."""
from __future__ import annotations

import io

from .roster_files import TEMPLATE_HEADER

WIDTHS = (6, 10, 6, 8, 11, 12, 11, 11, 24, 12, 14, 20)
EXAMPLE = (1, "张伟", "男", "汉族", "1980-05", "正式党员", "2005-07", "2006-07", "××公司技术员", "第一党小组", "", "")
STATUS_CHOICES = '"正式党员,预备党员,留党察看,中止"'


def roster_template_xlsx(title: str = "中共××支部委员会党员花名册") -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "党员花名册"
    last = get_column_letter(len(TEMPLATE_HEADER))
    sheet.append([title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(TEMPLATE_HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.append(list(EXAMPLE))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    status_column = get_column_letter(TEMPLATE_HEADER.index("人员类别") + 1)
    choice = DataValidation(type="list", formula1=STATUS_CHOICES, allow_blank=False,
                            error="请从列表中选择：正式党员、预备党员、留党察看、中止", showErrorMessage=True)
    choice.add(f"{status_column}3:{status_column}500")
    sheet.add_data_validation(choice)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
