"""The sites importer: a shared base's unit found by name in its community, a site already on
record updated with its blank cells kept, a unit that is not there refused naming the row."""

from __future__ import annotations

from pathlib import Path

from app.io.sites.records_io import Importer
from app.services.container import Services
from app.services.sites.rows import SiteInput, SitesQuery
from tests.io.cobuild.sheets import make_office
from tests.io.kit.workbooks import write_xlsx
from tests.services.cobuild.helpers import unit

HEADER = ["阵地名称", "阵地类型", "所在社区", "共建单位", "地址", "面积"]


def test_units_by_name_and_blank_cells_keep_what_is_on_record(services: Services, tmp_path: Path) -> None:
    orgs = make_office(services)
    u = services.units.create(unit(orgs["peace"], "青山县人民医院"))
    services.units.create(unit(orgs["lake"], "东湖小学"))
    kept = services.sites.create(SiteInput("和平中心", "党群服务中心", orgs["peace"], address="和平路1号", area="300"))
    path = write_xlsx(tmp_path / "阵地.xlsx", [
        HEADER,
        ["医院活动室", "共享型组织生活基地", "和平社区党委", "青山县人民医院", "", "120"],
        ["和平中心", "党群服务中心", "和平社区党委", "", "", "320.25"],
        ["学校活动室", "共享型组织生活基地", "和平社区党委", "东湖小学", "", ""],  # a unit of another community
        ["某基地", "共享型组织生活基地", "和平社区党委", "", "", ""],
    ])
    importer = Importer(services, "sites")
    preview = importer.preview(path)
    assert [str(p) for p in preview.refused] == [
        "第4行 共建单位: 本社区没有在区的驻区单位“东湖小学”，请先在共建页登记该单位",
        "第5行 共建单位: 共享型组织生活基地须选择提供场地的共建单位"]
    assert len(preview.adds) == 1 and [i for i, _d in preview.updates] == [kept.id]
    added, updated = importer.apply(preview)
    base = services.sites.get(added[0])
    assert base.unit_id == u.id and base.area == 12000
    centre = services.sites.get(kept.id)
    assert centre.address == "和平路1号" and centre.area == 32025
    assert services.sites.count(SitesQuery()) == 2
