-- Reserved for catalog_import; filled in by its module.
SELECT 1;
