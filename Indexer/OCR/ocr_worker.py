#!/usr/bin/env python3
"""juanzong's OCR worker: PP-OCRv4 (the open PaddleOCR models, run by ONNX Runtime through the
PyPI package rapidocr-onnxruntime, whose wheel ships the models) behind a line protocol.

One request per line on standard input, a JSON object {"image": PATH}; one answer per line on
standard output: {"pages": [{"text", "confidence", "rotation", "lines", "seal_fraction"}, ...]}
(one page for most images, every page of a multi-page TIFF) or {"error"}.
The worker stays up for a whole ingest; juanzong runs one per core, each with one ONNX thread.

Before recognition, red ink (seals, 公章, and red marks) is turned white, so that a seal over
the text does not mislead the detector; pages turned by 90, 180 or 270 degrees are turned back
(text lines standing upright tell 90 from 0, the direction classifier, asked about all lines,
tells 180 from 0); lines
are put in reading order by rows and, on a page of two columns, column by column; the cells of
a table row stay on one line, separated by a tab.
"""
import json
import re
import sys

import cv2
import numpy as np
from rapidocr_onnxruntime import RapidOCR

# Text is found on a copy of at most DETECT_SIDE pixels and read from the page at up to
# READ_SIDE, where characters are near the recognizer's 48-pixel line height. bench-ocr's
# Simplified pages with detection at 1600 / 1280 / 1024 / 800 pixels: CER 0.0097, 0.0087,
# 0.0080, 0.0090; seconds per page (one thread) 2.8, 2.3, 2.1, 2.1.
DETECT_SIDE = 1024
READ_SIDE = 2400


def suppress_red(image):
    """The image with strongly red pixels (seal ink) made white, and the share of them."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, saturation, value = cv2.split(hsv)
    red = ((hue <= 12) | (hue >= 156)) & (saturation >= 60) & (value >= 70)
    cleaned = image.copy()
    cleaned[red] = (255, 255, 255)
    return cleaned, float(red.mean())


def fit(image, side):
    height, width = image.shape[:2]
    scale = side / max(height, width)
    if scale >= 1:
        return image
    return cv2.resize(image, (int(width * scale), int(height * scale)), interpolation=cv2.INTER_AREA)


# The recognizer scales each line to 48 pixels high and reads it in time proportional to its
# width then: a line given a margin above and below of LINE_MARGIN of its height is read
# narrower. bench-ocr's pages, margin 0 / 0.15 / 0.3: CER 0.0132, 0.0159, 0.0224; seconds per
# page (one thread) 2.26, 1.76, 1.45.
LINE_MARGIN = 0.15


def pad_line(crop):
    margin = int(crop.shape[0] * LINE_MARGIN)
    return cv2.copyMakeBorder(crop, margin, margin, 0, 0, cv2.BORDER_REPLICATE)


class Reader:
    def __init__(self):
        # One line per batch: batches are padded to their widest line, and one thread spends
        # more on the padding than it saves (a page of 26 lines: 2.8 s in sixes, 1.9 s one by one).
        self.engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, rec_batch_num=1)

    def detect(self, image):
        """Text line boxes on `image`, found on a smaller copy."""
        small = fit(image, DETECT_SIDE)
        boxes, _ = self.engine.text_det(small)
        if boxes is None or len(boxes) == 0:
            return []
        scale = image.shape[0] / small.shape[0]
        return [(box * scale).astype(np.float32) for box in boxes]

    @staticmethod
    def standing(boxes):
        """True when most text lines stand upright: the page is turned by 90 or 270 degrees."""
        upright = flat = 0
        for box in boxes:
            width = np.linalg.norm(box[0] - box[1])
            height = np.linalg.norm(box[0] - box[3])
            if height > 1.5 * width:
                upright += 1
            elif width > 1.5 * height:
                flat += 1
        return upright > flat

    def read_file(self, path):
        """Every page of the image file (a TIFF may hold several)."""
        loaded, images = cv2.imreadmulti(path, flags=cv2.IMREAD_COLOR)
        if not loaded or not images:
            image = cv2.imread(path, cv2.IMREAD_COLOR)
            if image is None:
                return {"error": "无法读取图像"}
            images = [image]
        return {"pages": [self.read_image(image) for image in images]}

    def read(self, path):
        """The first page of the image file (for tools and tests)."""
        return self.read_file(path)["pages"][0]

    def read_image(self, image):
        image, seal_fraction = suppress_red(fit(image, READ_SIDE))
        rotation = 0
        boxes = self.detect(image)
        if boxes and self.standing(boxes):
            image = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
            rotation = 90
            boxes = self.detect(image)
        if not boxes:
            return {"text": "", "confidence": 0.0, "rotation": rotation, "lines": 0, "seal_fraction": seal_fraction}
        # The direction classifier decides for the page, not line by line: lines of a scan are
        # never upside down one by one, and a line it wrongly flips is read as nothing.
        crops = self.engine.get_crop_img_list(image, boxes)
        _, directions, _ = self.engine.text_cls(crops)
        upside_down = sum(1 for label, score in directions if label == "180" and score >= 0.9)
        if upside_down * 2 > len(directions):
            image = cv2.rotate(image, cv2.ROTATE_180)
            rotation = (rotation + 180) % 360
            boxes = self.detect(image)
            crops = self.engine.get_crop_img_list(image, boxes)
        recognized, _ = self.engine.text_rec([pad_line(crop) for crop in crops])
        items = []
        for box, (text, score) in zip(boxes, recognized):
            text = text.strip()
            if not text or score < 0.3:
                continue
            xs = [point[0] for point in box]
            ys = [point[1] for point in box]
            items.append((min(xs), min(ys), max(xs), max(ys), text, float(score)))
        text = corrected(arrange(items, image.shape[1]))
        characters = sum(len(item[4]) for item in items)
        confidence = sum(item[5] * len(item[4]) for item in items) / characters if characters else 0.0
        return {
            "text": text,
            "confidence": round(confidence, 4),
            "rotation": rotation,
            "lines": text.count("\n") + 1 if text else 0,
            "seal_fraction": round(seal_fraction, 4),
        }


# The recognizer's alphabet lacks 〔〕, which official documents put around the year of a
# document number (GB/T 9704: 沪市监奉处〔2024〕12号); it reads them as 【】, [] or ().
YEAR_IN_BRACKETS = re.compile(r"[【\[［(（〔〖﹝{｛]\s*((?:19|20)\d\d)\s*[】\]］)）〕〗﹞}｝]")


def corrected(text):
    """Fixes of what the recognizer's alphabet cannot say: 〔year〕, and 、 read as the radical 丶
    (never written in a document)."""
    return YEAR_IN_BRACKETS.sub(r"〔\1〕", text).replace("丶", "、")


def rows(items):
    """Items grouped into rows: boxes that overlap vertically by more than half the smaller one."""
    result = []
    for item in sorted(items, key=lambda item: (item[1] + item[3]) / 2):
        top, bottom = item[1], item[3]
        if result:
            row = result[-1]
            row_top = min(member[1] for member in row)
            row_bottom = max(member[3] for member in row)
            overlap = min(bottom, row_bottom) - max(top, row_top)
            if overlap > 0.5 * min(bottom - top, row_bottom - row_top):
                row.append(item)
                continue
        result.append([item])
    return result


def row_text(row):
    """One row left to right; a wide gap (a table's next cell) becomes a tab."""
    row = sorted(row, key=lambda item: item[0])
    height = np.median([item[3] - item[1] for item in row])
    parts = [row[0][4]]
    for previous, item in zip(row, row[1:]):
        gap = item[0] - previous[2]
        if gap > 1.2 * height:
            parts.append("\t")
        elif previous[4][-1:].isascii() and item[4][:1].isascii():
            parts.append(" ")
        parts.append(item[4])
    return "".join(parts)


def gutter(items, width):
    """The x of an empty vertical band in the middle of the page that both halves fill with
    text lines of about equal width (a page of two columns), or None."""
    narrow = [item for item in items if item[2] - item[0] < 0.55 * width]
    if len(narrow) < 6:
        return None
    covered = np.zeros(int(width) + 1, dtype=bool)
    for item in narrow:
        covered[int(item[0]) : int(item[2]) + 1] = True
    low, high = int(width * 0.3), int(width * 0.7)
    best, run, start = None, 0, low
    for x in range(low, high):
        if covered[x]:
            run = 0
            continue
        if run == 0:
            start = x
        run += 1
        if run >= width * 0.02 and (best is None or run > best[1]):
            best = (start, run)
    if best is None:
        return None
    middle = best[0] + best[1] / 2
    left = [item for item in narrow if item[2] <= middle]
    right = [item for item in narrow if item[0] >= middle]
    if len(left) < 3 or len(right) < 3:
        return None
    # Columns of text are about as wide as each other and their lines fill them; a table's
    # label cells are short beside wide value cells (then rows are read across, not down).
    spans = [max(item[2] for item in side) - min(item[0] for item in side) for side in (left, right)]
    filled = [np.median([item[2] - item[0] for item in side]) / span for side, span in zip((left, right), spans)]
    if min(spans) < 0.6 * max(spans) or min(filled) < 0.6:
        return None
    return middle


def arrange(items, width):
    """The page's text in reading order."""
    middle = gutter(items, width)
    if middle is None:
        return "\n".join(row_text(row) for row in rows(items))
    spanning = sorted((item for item in items if item[0] < middle < item[2]), key=lambda item: item[1])
    columns = [item for item in items if not item[0] < middle < item[2]]
    lines, start = [], -1.0
    for bound in [item[1] for item in spanning] + [float("inf")]:
        block = [item for item in columns if start <= item[1] < bound]
        lines += [row_text(row) for row in rows([item for item in block if item[2] <= middle])]
        lines += [row_text(row) for row in rows([item for item in block if item[0] >= middle])]
        following = [item for item in spanning if item[1] == bound]
        lines += [row_text([item]) for item in following]
        start = bound
    return "\n".join(lines)


def main():
    reader = Reader()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            request = json.loads(line)
            answer = reader.read_file(request["image"])
        except Exception as error:  # one bad page must not end the worker
            answer = {"error": str(error)}
        print(json.dumps(answer, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
