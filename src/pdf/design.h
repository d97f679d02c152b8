/* The book's design in numbers: every spacing, size ratio, rule weight and
 * penalty the PDF's layout uses, named once. Page sizes and each size's body
 * type and measure are style.c's table; font metrics come from the fonts
 * themselves (fonts.c). Unless said otherwise a spacing is in lines of the
 * text around it (its lead), a size in ems of the text around it, a rule
 * weight in points, a share in parts of the measure or of the text block's
 * height. */
#ifndef OCTAVO_PDF_DESIGN_H
#define OCTAVO_PDF_DESIGN_H

/* ---- the page (style.c): type sizes in ems of the body size, margins as
 * parts of the page (printed books two-sided; screens not) ---- */
#define PDF_LEAD_RATIO 1.36         /* body and code lead, of their size (rounded to ¼ pt) */
#define PDF_SMALL_LEAD_RATIO 1.3    /* footnotes and tables */
#define PDF_SIDE_MIN 0.10           /* the least side margin, of the page width */
#define PDF_SIDE_MIN_SCREEN 0.07
#define PDF_INNER_SHARE 0.42        /* the binding side's share of the two side margins */
#define PDF_TOP 0.095               /* the top margin, of the page height */
#define PDF_TOP_SCREEN 0.075
#define PDF_BOTTOM 0.115            /* the bottom margin at least (the text block is whole lines) */
#define PDF_BOTTOM_SCREEN 0.085
#define PDF_HEAD_ABOVE 1.6          /* the running head's baseline above the text block */
#define PDF_FOLIO_BELOW 2.0         /* a foot folio's baseline below it */
#define PDF_CODE_SIZE 0.84
#define PDF_CODE_PAD 0.55           /* a listing's side padding */
#define PDF_NOTE_SIZE 0.82
#define PDF_TABLE_SIZE 0.88
#define PDF_CELL_PAD 0.4            /* a table cell's side padding */
#define PDF_H1_SIZE 1.9             /* chapter titles */
#define PDF_H2_SIZE 1.36
#define PDF_H3_SIZE 1.14
#define PDF_PARA_INDENT 1.3         /* a paragraph's first-line indent */
#define PDF_LIST_INDENT 1.6
#define PDF_QUOTE_INDENT 1.5

/* ---- paragraphs ---- */
#define PDF_PARA_GAP 0.4            /* between paragraphs that are not indented */
#define PDF_SPACE_STRETCH 0.4       /* space between blocks may grow by this much of itself */
#define PDF_SPACE_STRETCH_EMS 0.4f  /* a word space's stretch, of its width (none in code) */
#define PDF_SPACE_SHRINK_EMS 0.3f   /* and its shrink (TeX's third, a little less) */
/* Letter spacing a justified line may add (or take) after each glyph cluster
 * inside a word, per point of its advance, at the same ratio as its spaces: a
 * share of the slack that keeps word spaces even (microtype-like; 3 % of a
 * letter is about 0.15 pt at 10 pt). Never in code, never before a place a
 * line may end; at most PDF_LETTER_MAX_RATIO times its share. */
#define PDF_LETTER_STRETCH 0.03f
#define PDF_LETTER_SHRINK 0.02f
#define PDF_LETTER_MAX_RATIO 2.0
#define PDF_SPACE_MAX_RATIO 5.0     /* spaces stretched further (3× a space) set the line flush left */
#define PDF_NARROW_W 0.9            /* a centred block narrower than the measure (captions, */
#define PDF_NARROW_INSET 0.05       /* the subtitle), and its inset: (1 − PDF_NARROW_W) / 2 */

/* ---- line and page break penalties (0 free … PDF_INF forbidden) ---- */
#define PDF_PENALTY_HYPHEN 100      /* after a hyphen: one added, or one typed */
#define PDF_PENALTY_URL 150         /* inside a URL or code, after / . _ - and the like */
#define PDF_PENALTY_NAME 100        /* the same, in a word wider than the line */
#define PDF_PENALTY_ANYWHERE 3000   /* between two graphemes of a word wider than the line,
                                       where it has no better place */
#define PDF_PENALTY_LEADS_ON 400    /* a page break after a paragraph ending in a colon */
/* The page builder's costs (page.c): chosen over the whole chapter, a sum of
 * each page's; a forbidden break (PDF_INF) is never taken but where nothing
 * else is left (PDF_FORCED_COST). */
#define PDF_EMPTY_LINE_COST 25.0    /* per line a page leaves empty, squared */
#define PDF_STRETCH_COST 10.0       /* for stretching a page's gaps all the way */
#define PDF_SHORT_PAGE_LINES 2.0    /* a page this many lines short is short: */
#define PDF_SHORT_PAGE_COST 600.0   /*   it costs this on top */
#define PDF_PAGE_FULL_MIN 0.75      /* a page less full than this, unless a section (heading */
#define PDF_EMPTY_PAGE_COST 20000.0 /*   of level 1–2) follows, costs this on top */
#define PDF_NOTE_SPLIT_COST 150.0   /* a footnote continued on the next page */
#define PDF_NOTES_PAGE_COST 5000.0  /* a page of footnotes alone after a chapter's end */
#define PDF_FLOAT_COST 60.0         /* a figure or table moved to the next page's top */
#define PDF_FORCED_COST 1e7         /* a page cut where no break is allowed */

/* ---- inline text ---- */
#define PDF_NOTE_REF_SCALE 0.68f    /* a footnote number in the text */
#define PDF_INLINE_CODE_SCALE 0.88f /* code, <kbd> and <samp> in prose */
#define PDF_SUPSUB_SCALE 0.7f       /* <sup>, <sub> */
#define PDF_SMALL_SCALE 0.85f       /* <small> */
#define PDF_SUP_RISE 0.36           /* a superscript's baseline above the line's */
#define PDF_SUB_DROP 0.16           /* a subscript's below it */
#define PDF_STRIKE_W 0.06           /* strike-through and underline weight */
#define PDF_STRIKE_Y 0.28           /* strike-through above the baseline */
#define PDF_UNDERLINE_Y 0.12        /* underline (inserted text) below it */
#define PDF_GLYPH_EMS 0.55          /* a glyph's width where only its start is at hand */

/* ---- images ---- */
/* An inline image's greatest height beside text: a capital's height and a
 * descender's depth, so the line keeps its leading. */
#define PDF_IMAGE_EMS 1.2
#define PDF_IMAGE_RISE 0.95         /* how much of an inline image stands above the baseline */
#define PDF_DISPLAY_GAP 0.35        /* above and below an image on a line of its own */
#define PDF_IMAGE_MAX_H 0.62        /* a figure's greatest height, of the text block */
#define PDF_NOTE_IMAGE_MAX_H 0.31   /* in a footnote */
#define PDF_FIGURE_SPACE 0.9        /* above and below a figure */
#define PDF_CAPTION_SPACE 0.45      /* between a figure and its caption */

/* ---- headings and the chapter opener ---- */
#define PDF_HEAD_TOP_SCALE 1.12     /* a level-1 heading inside a chapter, of h2 */
#define PDF_HEAD_LEAD 1.25          /* a heading's lead, of its size */
#define PDF_HEAD2_BEFORE 1.5        /* space before and after headings of levels 1–2, 3, 4–6 */
#define PDF_HEAD3_BEFORE 1.15
#define PDF_HEAD4_BEFORE 0.9
#define PDF_HEAD2_AFTER 0.55
#define PDF_HEAD3_AFTER 0.4
#define PDF_HEAD4_AFTER 0.25
#define PDF_HEAD_STRETCH 0.5        /* the space before a heading may grow by this much */
#define PDF_NOTE_HEAD_SPACE 0.3     /* before and after a heading in a footnote */
#define PDF_OPENER_SINK 0.16        /* a chapter (and the contents) starts this far down the page */
#define PDF_OPENER_NUMBER_SIZE 1.05 /* "Chapter N", of the body size and lead */
#define PDF_OPENER_NUMBER_LEAD 1.1
#define PDF_TITLE_LEAD 1.18         /* a chapter title's lead, of h1 */
#define PDF_OPENER_TITLE_SPACE 0.5  /* between the number and the title */
#define PDF_OPENER_DESC_SIZE 1.02   /* the chapter's description, of the body size and lead */
#define PDF_OPENER_DESC_LEAD 1.05
#define PDF_OPENER_DESC_SPACE 0.7   /* between the title and the description */
#define PDF_OPENER_RULE_W 0.5f      /* the rule under the opener */
#define PDF_OPENER_RULE_Y 0.9       /* its distance below the opener */
#define PDF_OPENER_RULE_LEN 0.25    /* its length, of the measure */
#define PDF_OPENER_SPACE_AFTER 2.6  /* between the opener and the text */

/* ---- blocks ---- */
#define PDF_BREAK_RULE_W 0.6f       /* a thematic break: a short centred rule */
#define PDF_BREAK_RULE_X 0.4        /* its start, of the measure */
#define PDF_BREAK_RULE_LEN 0.2      /* its length, of the measure */
#define PDF_BREAK_SPACE 0.6         /* above and below it */
#define PDF_LIST_SPACE 0.4          /* above and below a list */
#define PDF_ITEM_GAP_TIGHT 0.08     /* between the items of a tight list */
#define PDF_ITEM_GAP_LOOSE 0.35     /* and of a loose one */
#define PDF_LABEL_GAP 0.45          /* between a list label and the item's text */
#define PDF_TASK_BOX 0.72           /* a task's box: its side */
#define PDF_TASK_BOX_X 1.3          /* its left edge, left of the item's text */
#define PDF_TASK_BOX_RISE 0.95      /* its top, of its side, above the baseline */
#define PDF_TASK_FRAME_W 0.07       /* its frame's weight */
#define PDF_TASK_TICK_W 0.09        /* the tick's weight */
#define PDF_QUOTE_SPACE 0.5         /* above and below a block quote */
#define PDF_QUOTE_BAR_X 0.3         /* its bar, of the quote's indent from the left */
#define PDF_QUOTE_BAR_W 1.6         /* the bar's width, in points */
#define PDF_QUOTE_RIGHT 0.5         /* its right indent, of the left one */

/* ---- code ---- */
#define PDF_CODE_BAR_W 2.2f         /* the bar left of a listing, in points */
#define PDF_CODE_PAD_V 0.75         /* a listing's padding above and below, of its side padding */
#define PDF_CODE_SPACE 0.55         /* above and below a listing */
#define PDF_HOOK_W 0.6f             /* the hook that marks a wrapped code line: its weight */
#define PDF_HOOK_X 0.92             /* its left edge, of the side padding, left of the text */
#define PDF_HOOK_LEN 0.7            /* its width, of the side padding */
#define PDF_HOOK_RISE 0.62          /* its top above the baseline */
#define PDF_HOOK_H 0.55             /* its height */

/* ---- tables ---- */
#define PDF_TABLE_SPACE 0.8         /* above and below a table */
#define PDF_CELL_PAD_V 0.55         /* a cell's padding above and below, of its side padding */
#define PDF_RULE_TOP_W 0.8f         /* booktabs: the top and bottom rules */
#define PDF_RULE_MID_W 0.5f         /* under the header, above the footer */
#define PDF_RULE_SPAN_W 0.4f        /* under a cell spanning columns in the header */
#define PDF_RULE_ROW_W 0.25f        /* between row groups */
#define PDF_COL_MIN_SHARE 0.3       /* a column's least width counts at most this of the measure */
#define PDF_TABLE_FILL 0.6          /* a table this wide, of the measure, fills it */
#define PDF_TABLE_SQUEEZE 1.5       /* a grid may need this many measures at its narrowest… */
#define PDF_COL_MIN_EMS 2.5         /* …if each column still gets this many ems */
#define PDF_BAND_MAX_H 0.5          /* rows joined by rowspans, at most this of the text block */
#define PDF_BAND_GAP 0.3            /* between bands of a table set row by row */
#define PDF_TABLE_ROWS_KEPT 2       /* a page break leaves at least this many body rows (bands)
                                       of a table on either side, as a paragraph its lines */
#define PDF_ROW_GAP 0.35            /* between rows set as paragraphs (a table too wide) */
#define PDF_ROW_GAP_STRETCH 0.1

/* ---- footnotes ---- */
#define PDF_NOTE_SEPARATION 1.2     /* between the text and the notes, in note lines */
#define PDF_NOTE_RULE_Y 0.55        /* the rule's place in that gap, from the notes up */
#define PDF_NOTE_RULE_W 0.5         /* its weight */
#define PDF_NOTE_RULE_LEN 0.3       /* its length, of the measure */

/* ---- running heads, folios, front matter, contents ---- */
#define PDF_HEAD_SIZE 0.82          /* running heads and folios, of the body size */
#define PDF_HEAD_W 0.7              /* a running head's measure, of the text block's */
#define PDF_HEAD_INSET 0.15         /* its inset: (1 − PDF_HEAD_W) / 2 */
#define PDF_NARROWEST_EMS 0.2       /* the narrowest character (a head is cut before it is set) */
#define PDF_BOOK_TITLE_SIZE 1.2     /* the title page: the title, of h1 */
#define PDF_BOOK_TITLE_LEAD 1.2     /* its lead, of its size */
#define PDF_BOOK_TITLE_SINK 0.2     /* its top, down the text block */
#define PDF_SUBTITLE_SIZE 1.3       /* the subtitle, of the body size and lead */
#define PDF_SUBTITLE_LEAD 1.3
#define PDF_AUTHOR_SIZE 1.25        /* the author, of the body size */
#define PDF_AUTHOR_LEAD 1.3         /* of the body lead */
#define PDF_AUTHOR_GAP 3            /* at least this many lines below the title */
#define PDF_AUTHOR_SINK 0.5         /* and at least this far down the text block */
#define PDF_COLOPHON_GAP 0.5        /* between the colophon's paragraphs */
#define PDF_TOC_NUMBER_W 2.6        /* the page number's column, in ems of the body size */
#define PDF_TOC_NUMBER_ROOM 0.6     /* the part of it a leader stops short of */
#define PDF_TOC_INDENT 2.2          /* a section entry's indent, in ems */
#define PDF_TOC_SECTION_SIZE 0.94   /* a section entry, of the body size */
#define PDF_TOC_SECTION_LEAD 0.95   /* of the body lead */
#define PDF_TOC_FIRST_GAP 1.2       /* above the first chapter entry */
#define PDF_TOC_CHAPTER_GAP 0.55    /* above each other chapter entry */
#define PDF_TOC_GAP_STRETCH 0.3f    /* those gaps may grow by this much of themselves */
#define PDF_LEADER_GAP 0.4          /* between an entry's text and its leader, and the number */
#define PDF_DOT_STEP 0.55           /* a leader's dots: their pitch, */
#define PDF_DOT_SIZE 0.11           /* their size, */
#define PDF_DOT_RISE 0.05           /* and their height above the baseline */

#endif
