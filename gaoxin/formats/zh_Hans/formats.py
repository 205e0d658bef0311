"""One date style on every page (issue 10 item 12): 2026-10-18 and 2026-10-18 14:05, where Django's zh-hans
locale writes 2026年10月18日 for a date left to the template's default and 2026/10/18 for a short one."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "m-d"
YEAR_MONTH_FORMAT = "Y-m"
TIME_FORMAT = "H:i"
