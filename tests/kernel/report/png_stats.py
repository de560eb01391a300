#!/usr/bin/env python3
"""Prints facts about a PNG as JSON: width, height, distinct colours, non-white pixels.

Usage: png_stats.py FILE   (exit 2 when the file is not a readable PNG)
"""
import json
import sys

from PIL import Image


def main():
    try:
        image = Image.open(sys.argv[1])
        image.load()
    except Exception as e:  # noqa: BLE001 - any decoding failure is the answer
        print(f"{sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    rgb = image.convert("RGB")
    pixels = list(rgb.getdata())
    non_white = sum(1 for p in pixels if p != (255, 255, 255))
    print(json.dumps({"format": image.format, "width": rgb.width, "height": rgb.height,
                      "distinctColours": len(set(pixels)), "nonWhitePixels": non_white}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
