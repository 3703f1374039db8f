-- Reserved for documents; filled in by its module.
SELECT 1;
