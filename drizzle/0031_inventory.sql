-- Reserved for inventory; filled in by its module.
SELECT 1;
