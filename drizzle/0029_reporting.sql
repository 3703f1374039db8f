-- Reserved for reporting; filled in by its module.
SELECT 1;
