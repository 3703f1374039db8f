-- Reserved for gateway; filled in by its module.
SELECT 1;
