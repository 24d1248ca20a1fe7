/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keycodes.h - the ncurses key codes ui/ needs, by value, so that only
 * screen.c includes curses.h.  test_ui_curses checks them against
 * <curses.h>.
 */
#ifndef BUDDYSCOPE_UI_KEYCODES_H
#define BUDDYSCOPE_UI_KEYCODES_H

#define UI_KEY_DOWN	0402
#define UI_KEY_UP	0403
#define UI_KEY_LEFT	0404
#define UI_KEY_RIGHT	0405
#define UI_KEY_HOME	0406
#define UI_KEY_BACKSPACE 0407
#define UI_KEY_F0	0410
#define UI_KEY_F(n)	(UI_KEY_F0 + (n))
#define UI_KEY_DC	0512
#define UI_KEY_IC	0513
#define UI_KEY_NPAGE	0522
#define UI_KEY_PPAGE	0523
#define UI_KEY_ENTER	0527
#define UI_KEY_BTAB	0541
#define UI_KEY_END	0550
#define UI_KEY_RESIZE	0632

#endif
