#!/usr/bin/env bash
# Sets up, builds, ingests SampleCases into a fresh archive, shows two dossiers, a search, a precedent review, exports and verifies a reconsideration bundle, draws an evaluation sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release
archive="${JUANZONG_ARCHIVE:-demo-archive}"
rm -rf "$archive"
.build/release/juanzong ingest SampleCases --archive "$archive" || true
echo
.build/release/juanzong subject 上海奉贤鲜味餐饮管理有限公司 --archive "$archive"
.build/release/juanzong case "奉城管罚〔2024〕第0301号" --archive "$archive"
echo
echo "== 检索:罚款 机关:生态环境局 =="
.build/release/juanzong search "罚款 机关:生态环境局" --archive "$archive" --limit 3
echo
echo "== 法制审核:大气污染防治法第一百零八条,拟罚款 5 万元 =="
.build/release/juanzong precedent --article "大气污染防治法 第一百零八条" --amount 50000 --archive "$archive" --limit 3
echo
echo "== 行政复议材料包:导出并校验 =="
.build/release/juanzong export --case "沪市监奉处〔2023〕0123号" --include-media --out "$archive/复议材料.zip" --archive "$archive"
.build/release/juanzong verify "$archive/复议材料.zip"
echo
echo "== 案卷评查:2023 年度每个机关抽 2 件 =="
.build/release/juanzong sample --year 2023 --per-agency 2 --seed 演示 --out "$archive/评查表" --archive "$archive"
echo
echo "== 网页界面:账户 demo(管理员),密码 demo-password-1 =="
echo "demo-password-1" | .build/release/juanzong user add demo --role admin --display-name 演示 --archive "$archive"
echo "启动:.build/release/juanzong serve --archive $archive,然后打开 http://127.0.0.1:8080/"
