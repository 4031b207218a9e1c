#!/usr/bin/env python3
"""Prints pages of real published texts as an office scanner would return them, for juanzong's
OCR benchmark and tests: A4 at 200 dpi in a Song (Ming) typeface, then a slight skew, blur,
speckle and JPEG compression; on request a red seal over the text, a table with ruled cells,
two columns, or the whole page turned by 90, 180 or 270 degrees.

Reads one JSON object on standard input:
  {"font": PATH, "out": DIR, "pdf": PATH or null,
   "pages": [{"name", "kind": "plain" | "table" | "columns", "paragraphs": [...],
              "rows": [[label, value], ...], "seal": TEXT or null, "rotate": 0|90|180|270, "seed": N}]}
Writes DIR/NAME.jpg and DIR/NAME.txt (the text printed, in reading order) for each page, and,
with "pdf" or "tiff", all pages as one image-only PDF or multi-page TIFF. Uses Pillow, NumPy and OpenCV (in the OCR environment).
"""
import json
import math
import random
import sys

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

DPI = 200
WIDTH, HEIGHT = 1654, 2339
MARGIN = 170
SIZE = 36
LEADING = int(SIZE * 1.75)


def wrap(paragraphs, font, width):
    lines = []
    for paragraph in paragraphs:
        line = "　　" if len(paragraph) > 30 else ""
        for character in paragraph:
            if font.getlength(line + character) > width:
                lines.append(line)
                line = ""
            line += character
        if line.strip():
            lines.append(line)
    return lines


def plain(draw, font, page):
    lines = wrap(page["paragraphs"], font, WIDTH - 2 * MARGIN)
    capacity = (HEIGHT - 2 * MARGIN) // LEADING
    lines = lines[:capacity]
    for index, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + index * LEADING), line, font=font, fill=(20, 20, 20))
    return lines


def columns(draw, font, page):
    gap = 90
    width = (WIDTH - 2 * MARGIN - gap) // 2
    capacity = (HEIGHT - 2 * MARGIN) // LEADING
    lines = wrap(page["paragraphs"], font, width)[: 2 * capacity]
    for index, line in enumerate(lines):
        column, row = divmod(index, capacity)
        draw.text((MARGIN + column * (width + gap), MARGIN + row * LEADING), line, font=font, fill=(20, 20, 20))
    return lines


def table(draw, font, page):
    lines = []
    top = MARGIN
    if page["paragraphs"]:
        title = page["paragraphs"][0][:20]
        draw.text((MARGIN, top), title, font=font, fill=(20, 20, 20))
        lines.append(title)
        top += 2 * LEADING
    label_width = 420
    value_width = WIDTH - 2 * MARGIN - label_width
    for label, value in page["rows"]:
        value_lines = wrap([value], font, value_width - 30) or [""]
        height = max(1, len(value_lines)) * LEADING + 20
        if top + height > HEIGHT - MARGIN:
            break
        draw.rectangle((MARGIN, top, MARGIN + label_width, top + height), outline=(30, 30, 30), width=2)
        draw.rectangle((MARGIN + label_width, top, WIDTH - MARGIN, top + height), outline=(30, 30, 30), width=2)
        draw.text((MARGIN + 15, top + 12), label[:11], font=font, fill=(20, 20, 20))
        for index, line in enumerate(value_lines):
            draw.text((MARGIN + label_width + 15, top + 12 + index * LEADING), line, font=font, fill=(20, 20, 20))
        lines.append(label[:11] + "\t" + value_lines[0])
        lines += value_lines[1:]
        top += height
    return lines


def seal(image, text, rng):
    """A round red seal (ring, star, the agency's name along the rim) printed over the text."""
    radius = 190
    layer = Image.new("RGBA", (2 * radius + 20, 2 * radius + 20), (255, 255, 255, 0))
    draw = ImageDraw.Draw(layer)
    red = (205, 30, 35, 210)
    center = radius + 10
    draw.ellipse((10, 10, 10 + 2 * radius, 10 + 2 * radius), outline=red, width=12)
    star = []
    for index in range(10):
        angle = -math.pi / 2 + index * math.pi / 5
        length = 70 if index % 2 == 0 else 28
        star.append((center + length * math.cos(angle), center + length * math.sin(angle)))
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(FONT, 40)
    characters = list(text[:16])
    for index, character in enumerate(characters):
        angle = math.radians(-160 + index * (140 / max(1, len(characters) - 1)))
        x = center + (radius - 55) * math.cos(angle)
        y = center + (radius - 55) * math.sin(angle)
        glyph = Image.new("RGBA", (48, 48), (255, 255, 255, 0))
        ImageDraw.Draw(glyph).text((4, 2), character, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        layer.alpha_composite(glyph, (int(x - 24), int(y - 24)))
    x = rng.randint(WIDTH // 2, WIDTH - MARGIN - 2 * radius)
    y = rng.randint(HEIGHT // 3, HEIGHT - MARGIN - 2 * radius)
    # Ink multiplies: black text under the seal stays dark.
    region = image.crop((x, y, x + layer.width, y + layer.height))
    tinted = Image.new("RGB", layer.size, (255, 255, 255))
    tinted.paste(layer.convert("RGB"), mask=layer.split()[3])
    multiplied = Image.fromarray((np.asarray(region, dtype=np.float32) * np.asarray(tinted, dtype=np.float32) / 255).astype(np.uint8))
    image.paste(multiplied, (x, y))


def degrade(image, rng):
    """A slight skew, blur, speckle and JPEG compression: an ordinary office scan."""
    array = np.asarray(image).copy()
    angle = rng.uniform(-1.2, 1.2)
    matrix = cv2.getRotationMatrix2D((WIDTH / 2, HEIGHT / 2), angle, 1.0)
    array = cv2.warpAffine(array, matrix, (WIDTH, HEIGHT), borderValue=(250, 250, 248))
    array = cv2.GaussianBlur(array, (0, 0), rng.uniform(0.6, 0.9))
    noise = np.random.default_rng(rng.randint(0, 2**31)).random(array.shape[:2])
    array[noise < 0.0015] = (40, 40, 40)
    array[noise > 0.9985] = (255, 255, 255)
    quality = rng.randint(55, 75)
    _, encoded = cv2.imencode(".jpg", cv2.cvtColor(array, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.cvtColor(cv2.imdecode(encoded, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def main():
    global FONT
    request = json.load(sys.stdin)
    FONT = request["font"]
    font = ImageFont.truetype(FONT, SIZE)
    pages = []
    for page in request["pages"]:
        rng = random.Random(page.get("seed", 1))
        image = Image.new("RGB", (WIDTH, HEIGHT), (252, 252, 250))
        draw = ImageDraw.Draw(image)
        kind = page.get("kind", "plain")
        lines = {"plain": plain, "columns": columns, "table": table}[kind](draw, font, page)
        if page.get("seal"):
            seal(image, page["seal"], rng)
        array = degrade(image, rng)
        rotate = page.get("rotate", 0)
        if rotate:
            array = cv2.rotate(array, {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[rotate])
        path = f'{request["out"]}/{page["name"]}.jpg'
        cv2.imwrite(path, cv2.cvtColor(array, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])
        with open(f'{request["out"]}/{page["name"]}.txt', "w", encoding="utf-8") as reference:
            reference.write("\n".join(lines))
        pages.append(Image.fromarray(array))
    if request.get("pdf") and pages:
        pages[0].save(request["pdf"], save_all=True, append_images=pages[1:], resolution=DPI)
    if request.get("tiff") and pages:
        pages[0].save(request["tiff"], save_all=True, append_images=pages[1:], dpi=(DPI, DPI), compression="tiff_lzw")
    print(json.dumps({"pages": len(pages)}))


if __name__ == "__main__":
    main()
