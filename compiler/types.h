/* Static types of Polis expressions. */
#ifndef POLIS_TYPES_H
#define POLIS_TYPES_H

typedef enum ty_kind {
  TY_ERROR = 0,  /* after an error: accepted everywhere, reported once */
  TY_BOOL,
  TY_INT,        /* a count: hours, months, trainings */
  TY_MONEY,      /* fen */
  TY_RATE,       /* fen per day */
  TY_PERCENT,    /* hundredths of a percent */
  TY_DATE,       /* days since 1970-01-01 */
  TY_DAYS,       /* a duration in days */
  TY_ENUM,       /* a member of enum `en` */
  TY_SET,        /* a set of members of enum `en` */
  TY_TEXT,
  TY_TEXTSET,    /* a set of text literals, right of `in` */
  TY_RESID       /* a resident ID */
} ty_kind;

typedef struct ty {
  ty_kind k;
  int en;        /* enum index for TY_ENUM / TY_SET */
} ty;
#endif
