-- Reserved for portal_search; filled in by its module.
SELECT 1;
