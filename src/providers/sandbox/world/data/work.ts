/**
 * Jobs, skills, industries and the text patterns the world is written from. Patterns use
 * `{placeholders}` filled by the generators (see fill() in text.ts).
 */

/** A kind of job: its titles and the skills people doing it list. */
export interface RoleFamily {
  titles: readonly string[];
  skills: readonly string[];
}

export const ROLE_FAMILIES = {
  engineering: {
    titles: ['Software Engineer', 'Backend Engineer', 'Frontend Developer', 'Full Stack Developer', 'DevOps Engineer', 'Site Reliability Engineer', 'Mobile Developer', 'QA Engineer', 'Engineering Manager', 'Cloud Architect', 'Security Engineer', 'Platform Engineer'],
    skills: ['JavaScript', 'TypeScript', 'Python', 'Java', 'Go', 'Rust', 'C++', 'Kubernetes', 'Docker', 'Amazon Web Services (AWS)', 'Microsoft Azure', 'Google Cloud Platform', 'React', 'Node.js', 'PostgreSQL', 'Microservices', 'CI/CD', 'Terraform', 'Linux', 'GraphQL', 'Kotlin', 'Swift', 'Cybersecurity'],
  },
  data: {
    titles: ['Data Scientist', 'Data Analyst', 'Data Engineer', 'Machine Learning Engineer', 'Analytics Engineer', 'BI Developer', 'Head of Data', 'AI Researcher'],
    skills: ['Python', 'SQL', 'Machine Learning', 'Deep Learning', 'Statistics', 'pandas', 'TensorFlow', 'PyTorch', 'Apache Spark', 'dbt', 'Tableau', 'Power BI', 'Data Visualization', 'Natural Language Processing', 'Apache Airflow', 'Snowflake', 'Generative AI'],
  },
  product: {
    titles: ['Product Manager', 'Product Owner', 'Senior Product Manager', 'Group Product Manager', 'Head of Product', 'Technical Program Manager'],
    skills: ['Product Management', 'Product Roadmapping', 'Agile Methodologies', 'Scrum', 'User Research', 'A/B Testing', 'Product Strategy', 'Jira', 'Stakeholder Management', 'OKRs', 'Go-to-Market Strategy'],
  },
  design: {
    titles: ['UX Designer', 'Product Designer', 'UI Designer', 'UX Researcher', 'Design Lead', 'Graphic Designer', 'Brand Designer'],
    skills: ['Figma', 'User Experience (UX)', 'Interaction Design', 'Prototyping', 'Design Systems', 'Adobe Photoshop', 'Adobe Illustrator', 'Usability Testing', 'Typography', 'Wireframing', 'Accessibility'],
  },
  marketing: {
    titles: ['Marketing Manager', 'Growth Marketer', 'Content Strategist', 'SEO Specialist', 'Brand Manager', 'Digital Marketing Specialist', 'Head of Marketing', 'Performance Marketing Manager', 'Community Manager', 'Product Marketing Manager'],
    skills: ['Digital Marketing', 'Search Engine Optimization (SEO)', 'Search Engine Marketing (SEM)', 'Content Marketing', 'Social Media Marketing', 'Google Analytics', 'Marketing Automation', 'HubSpot', 'Copywriting', 'Brand Strategy', 'Email Marketing', 'Growth Hacking'],
  },
  sales: {
    titles: ['Account Executive', 'Sales Development Representative', 'Business Development Manager', 'Key Account Manager', 'Sales Director', 'Enterprise Account Executive', 'Head of Sales', 'Partnerships Manager'],
    skills: ['B2B Sales', 'Negotiation', 'Salesforce', 'Lead Generation', 'Account Management', 'Cold Calling', 'Sales Strategy', 'CRM', 'Solution Selling', 'Business Development', 'Pipeline Management', 'SaaS'],
  },
  people: {
    titles: ['Talent Acquisition Specialist', 'Technical Recruiter', 'HR Business Partner', 'People Operations Manager', 'Head of People', 'HR Generalist', 'Learning and Development Manager'],
    skills: ['Recruiting', 'Talent Acquisition', 'Employer Branding', 'Onboarding', 'Employee Relations', 'HRIS', 'Sourcing', 'Compensation and Benefits', 'Performance Management', 'Interviewing', 'Diversity & Inclusion'],
  },
  finance: {
    titles: ['Financial Analyst', 'Accountant', 'Financial Controller', 'Chief Financial Officer', 'Investment Analyst', 'Risk Manager', 'Auditor', 'FP&A Manager', 'Treasury Analyst'],
    skills: ['Financial Modeling', 'Accounting', 'Microsoft Excel', 'Budgeting', 'Forecasting', 'IFRS', 'Valuation', 'Risk Management', 'Financial Reporting', 'SAP', 'Corporate Finance', 'Due Diligence'],
  },
  operations: {
    titles: ['Operations Manager', 'Supply Chain Manager', 'Logistics Coordinator', 'Project Manager', 'Procurement Specialist', 'Program Manager', 'Chief Operating Officer'],
    skills: ['Operations Management', 'Supply Chain Management', 'Lean Six Sigma', 'Project Management', 'Procurement', 'Logistics', 'Process Improvement', 'ERP', 'Vendor Management', 'PMP', 'Inventory Management'],
  },
  customer: {
    titles: ['Customer Success Manager', 'Support Engineer', 'Customer Experience Lead', 'Account Manager', 'Implementation Consultant', 'Technical Account Manager'],
    skills: ['Customer Success', 'Customer Retention', 'Zendesk', 'Customer Onboarding', 'Customer Support', 'Churn Reduction', 'Relationship Building', 'Upselling', 'SaaS', 'Intercom'],
  },
  consulting: {
    titles: ['Management Consultant', 'Strategy Consultant', 'Senior Consultant', 'Associate Partner', 'Business Analyst', 'Transformation Lead'],
    skills: ['Strategy', 'Change Management', 'Business Analysis', 'Stakeholder Management', 'Digital Transformation', 'Microsoft PowerPoint', 'Problem Solving', 'Market Research', 'Business Strategy', 'Operating Models'],
  },
  health: {
    titles: ['Physician', 'Registered Nurse', 'Clinical Research Associate', 'Pharmacist', 'Medical Science Liaison', 'Healthcare Administrator', 'Biomedical Engineer', 'Clinical Data Manager'],
    skills: ['Clinical Research', 'Patient Care', 'Good Clinical Practice (GCP)', 'Healthcare Management', 'Medical Devices', 'Pharmacovigilance', 'Regulatory Affairs', 'Epidemiology', 'Life Sciences', 'Oncology'],
  },
  education: {
    titles: ['Lecturer', 'Professor', 'Teacher', 'Instructional Designer', 'Research Assistant', 'Education Consultant', 'Academic Advisor'],
    skills: ['Teaching', 'Curriculum Development', 'E-Learning', 'Research', 'Academic Writing', 'Public Speaking', 'Mentoring', 'Instructional Design', 'Higher Education', 'Moodle'],
  },
  legal: {
    titles: ['Corporate Lawyer', 'Legal Counsel', 'Paralegal', 'Compliance Officer', 'Data Protection Officer', 'General Counsel', 'Associate Attorney'],
    skills: ['Contract Law', 'Corporate Law', 'Compliance', 'GDPR', 'Litigation', 'Legal Research', 'Mergers & Acquisitions', 'Intellectual Property', 'Negotiation', 'Regulatory Compliance'],
  },
  industrial: {
    titles: ['Mechanical Engineer', 'Electrical Engineer', 'Civil Engineer', 'Project Engineer', 'Process Engineer', 'Site Manager', 'Quality Engineer', 'R&D Engineer'],
    skills: ['AutoCAD', 'SolidWorks', 'MATLAB', 'Project Engineering', 'Quality Assurance', 'Manufacturing', 'Renewable Energy', 'Six Sigma', 'Product Development', 'Structural Engineering', 'FMEA', 'Lean Manufacturing'],
  },
  leadership: {
    titles: ['Founder', 'Co-Founder', 'Chief Executive Officer', 'Chief Technology Officer', 'Managing Director', 'General Manager', 'Entrepreneur'],
    skills: ['Leadership', 'Entrepreneurship', 'Fundraising', 'Strategic Planning', 'Team Building', 'Venture Capital', 'Board Relations', 'Public Speaking', 'Start-ups', 'P&L Management'],
  },
  media: {
    titles: ['Journalist', 'Video Producer', 'Copywriter', 'Editor', 'Social Media Manager', 'Content Creator', 'Photographer'],
    skills: ['Storytelling', 'Video Production', 'Journalism', 'Editing', 'Adobe Premiere Pro', 'Content Creation', 'Public Relations', 'Writing', 'Podcasting'],
  },
} as const satisfies Record<string, RoleFamily>;

export type RoleFamilyKey = keyof typeof ROLE_FAMILIES;

/** Skills anyone might list, whatever their job. */
export const GENERAL_SKILLS = ['Leadership', 'Communication', 'Teamwork', 'Project Management', 'Problem Solving', 'English', 'Public Speaking', 'Time Management', 'Microsoft Office', 'Strategic Thinking', 'Cross-functional Team Leadership'];

/** Families every industry employs, besides its own. */
export const SUPPORT_FAMILIES: readonly RoleFamilyKey[] = ['sales', 'marketing', 'people', 'finance', 'operations', 'customer', 'leadership'];

/** Seniority prefixes; titles that already carry a level (Head of, Chief, Founder...) take none. */
export const SENIORITY = [
  { prefix: '', weight: 60 },
  { prefix: 'Senior ', weight: 25 },
  { prefix: 'Junior ', weight: 6 },
  { prefix: 'Lead ', weight: 5 },
  { prefix: 'Principal ', weight: 4 },
] as const;
export const LEVELLED_TITLE = /^(Head|Chief|Founder|Co-Founder|Senior|Group|Managing|General|Associate|Professor|Lecturer|Entrepreneur|Teacher|Physician|Journalist|Paralegal|Research|Academic)\b/;

/** LinkedIn's industry names, the families they mostly employ, and words for company names. */
export interface IndustryData {
  name: string;
  families: Partial<Record<RoleFamilyKey, number>>;
  words: readonly string[];
  /** What companies of the industry say they do, for descriptions: "We ..." */
  pitch: readonly string[];
}

export const INDUSTRIES: readonly IndustryData[] = [
  { name: 'Software Development', families: { engineering: 5, product: 2, design: 1, data: 2 }, words: ['Labs', 'Systems', 'Cloud', 'Stack', 'Logic', 'Software', 'Works', 'AI', 'Digital', 'io'], pitch: ['build developer tools that teams love', 'make cloud infrastructure boring again', 'help companies ship software faster'] },
  { name: 'IT Services and IT Consulting', families: { engineering: 3, consulting: 2, data: 1, customer: 1 }, words: ['Consulting', 'Solutions', 'IT', 'Technologies', 'Digital', 'Group'], pitch: ['modernise legacy systems for large enterprises', 'run managed cloud and security services', 'deliver digital transformation projects'] },
  { name: 'Computer and Network Security', families: { engineering: 4, consulting: 1 }, words: ['Security', 'Shield', 'Guard', 'Cyber', 'Defense'], pitch: ['protect companies against ransomware', 'make zero-trust security simple'] },
  { name: 'Financial Services', families: { finance: 4, data: 1, engineering: 1 }, words: ['Capital', 'Finance', 'Pay', 'Partners', 'Wealth', 'Fintech'], pitch: ['make payments invisible', 'bring modern banking to small businesses', 'manage wealth for the next generation'] },
  { name: 'Banking', families: { finance: 4, legal: 1, operations: 1 }, words: ['Bank', 'Trust', 'Savings', 'Banque', 'Financial'], pitch: ['serve retail and corporate clients', 'finance the energy transition'] },
  { name: 'Insurance', families: { finance: 3, data: 1, customer: 1 }, words: ['Insurance', 'Assurance', 'Mutual', 'Cover'], pitch: ['make insurance fair and transparent', 'protect families and businesses'] },
  { name: 'Venture Capital and Private Equity Principals', families: { finance: 3, leadership: 2 }, words: ['Ventures', 'Capital', 'Partners', 'Equity', 'Fund'], pitch: ['back ambitious founders from day one', 'invest in growth-stage technology companies'] },
  { name: 'Hospitals and Health Care', families: { health: 5, operations: 1 }, words: ['Health', 'Care', 'Clinic', 'Medical', 'Hospital'], pitch: ['deliver patient-centred care', 'make healthcare accessible to everyone'] },
  { name: 'Pharmaceutical Manufacturing', families: { health: 3, industrial: 1, legal: 1 }, words: ['Pharma', 'Therapeutics', 'Biologics', 'Life Sciences'], pitch: ['develop medicines for rare diseases', 'manufacture affordable generics'] },
  { name: 'Biotechnology Research', families: { health: 3, data: 2 }, words: ['Bio', 'Genomics', 'Biotech', 'Cell'], pitch: ['use machine learning to discover drugs', 'engineer cells to fight cancer'] },
  { name: 'Higher Education', families: { education: 5, data: 1 }, words: ['University', 'Institute', 'College', 'School of Business'], pitch: ['educate the leaders of tomorrow', 'advance research and teaching'] },
  { name: 'E-Learning Providers', families: { education: 2, engineering: 2, product: 1, design: 1 }, words: ['Learn', 'Academy', 'Edu', 'Skills'], pitch: ['help people learn the skills of the future', 'make corporate training engaging'] },
  { name: 'Retail', families: { operations: 2, marketing: 2, sales: 2 }, words: ['Store', 'Market', 'Retail', 'Shop', 'Goods'], pitch: ['sell sustainable everyday products', 'reinvent the neighbourhood store'] },
  { name: 'Advertising Services', families: { marketing: 4, media: 2, design: 1 }, words: ['Media', 'Creative', 'Agency', 'Studio', 'Communications'], pitch: ['create campaigns people remember', 'help brands grow with data-driven advertising'] },
  { name: 'Management Consulting', families: { consulting: 5, finance: 1 }, words: ['Partners', 'Advisory', 'Consulting', 'Associates', 'Strategy'], pitch: ['help leaders make better decisions', 'advise on strategy, operations and transformation'] },
  { name: 'Staffing and Recruiting', families: { people: 5, sales: 2 }, words: ['Talent', 'Recruitment', 'People', 'Search', 'Staffing'], pitch: ['connect great people with great companies', 'hire engineers for fast-growing start-ups'] },
  { name: 'Telecommunications', families: { engineering: 2, industrial: 2, sales: 1 }, words: ['Telecom', 'Networks', 'Mobile', 'Connect', 'Fiber'], pitch: ['connect millions of people', 'build the fibre and 5G networks of tomorrow'] },
  { name: 'Motor Vehicle Manufacturing', families: { industrial: 4, operations: 2, engineering: 1 }, words: ['Motors', 'Automotive', 'Mobility', 'Drive'], pitch: ['build the electric vehicles of tomorrow', 'supply components to the world\'s carmakers'] },
  { name: 'Renewable Energy Power Generation', families: { industrial: 4, finance: 1 }, words: ['Energy', 'Solar', 'Wind', 'Power', 'Renewables'], pitch: ['develop solar and wind farms', 'accelerate the energy transition'] },
  { name: 'Construction', families: { industrial: 4, operations: 2 }, words: ['Construction', 'Builders', 'Infrastructure', 'Engineering'], pitch: ['build sustainable infrastructure', 'deliver complex construction projects on time'] },
  { name: 'Real Estate', families: { sales: 3, finance: 1, legal: 1 }, words: ['Properties', 'Real Estate', 'Estates', 'Homes'], pitch: ['help people find their next home', 'develop and manage commercial property'] },
  { name: 'Truck Transportation', families: { operations: 5, engineering: 1 }, words: ['Logistics', 'Freight', 'Transport', 'Cargo', 'Shipping'], pitch: ['move goods across continents', 'make supply chains transparent'] },
  { name: 'Food and Beverage Services', families: { operations: 2, marketing: 2 }, words: ['Foods', 'Kitchen', 'Coffee', 'Brewing', 'Bakery'], pitch: ['make healthy food delicious', 'roast coffee sourced directly from farmers'] },
  { name: 'Entertainment Providers', families: { media: 3, marketing: 2 }, words: ['Studios', 'Entertainment', 'Pictures', 'Live'], pitch: ['tell stories that move people', 'produce live shows and festivals'] },
  { name: 'Computer Games', families: { engineering: 3, design: 2, media: 1, product: 1 }, words: ['Games', 'Interactive', 'Studios', 'Play'], pitch: ['make games played by millions', 'craft indie games with heart'] },
  { name: 'Non-profit Organizations', families: { operations: 2, marketing: 1, education: 1 }, words: ['Foundation', 'Initiative', 'Alliance', 'Trust'], pitch: ['fight poverty through education', 'protect oceans and wildlife'] },
  { name: 'Law Practice', families: { legal: 5 }, words: ['Legal', 'Law', 'Avocats', 'Rechtsanwälte', 'LLP'], pitch: ['advise companies on complex transactions', 'defend our clients in high-stakes litigation'] },
  { name: 'Aviation and Aerospace Component Manufacturing', families: { industrial: 4, engineering: 1 }, words: ['Aerospace', 'Aviation', 'Aero', 'Space'], pitch: ['build parts for the aircraft of tomorrow', 'launch small satellites'] },
  { name: 'Government Administration', families: { operations: 2, legal: 1, consulting: 1 }, words: ['Agency', 'Office', 'Authority', 'Council'], pitch: ['serve citizens with modern public services'] },
  { name: 'Hospitality', families: { operations: 3, customer: 2, marketing: 1 }, words: ['Hotels', 'Hospitality', 'Resorts', 'Travel'], pitch: ['welcome travellers from all over the world', 'run boutique hotels'] },
];

/** Invented word roots that start company names: "Cobalt Labs", "NimbusData". */
export const COMPANY_ROOTS = ['Nord', 'Blue', 'Orbit', 'Quantum', 'Vertex', 'Helio', 'Lumen', 'Aster', 'Kestrel', 'Cobalt', 'Zephyr', 'Atlas', 'Nimbus', 'Polar', 'Sable', 'Tidal', 'Verde', 'Aurora', 'Beacon', 'Cedar', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kite', 'Lynx', 'Maple', 'Nova', 'Onyx', 'Pioneer', 'Quartz', 'Raven', 'Summit', 'Terra', 'Umbra', 'Vanta', 'Willow', 'Yonder', 'Zenith', 'Alder', 'Brio', 'Crest', 'Drift', 'Echo', 'Flux', 'Glow', 'Hive', 'Ivy', 'Jade', 'Krona', 'Loop', 'Mosaic', 'Nexa', 'Opal', 'Pulse', 'Ripple', 'Solace', 'Tessel', 'Arcadia', 'Boreal', 'Cygnus', 'Dune', 'Equinox', 'Fjord', 'Gaia', 'Halcyon', 'Indigo', 'Kairos', 'Lattice', 'Meridian', 'Northwind', 'Oasis', 'Prism', 'Sakura', 'Savanna', 'Sirocco', 'Tundra', 'Vela'];

/** LinkedIn's company size ranges, how common each is, and follower counts that fit them. */
export const COMPANY_SIZES = [
  { range: '1-10', weight: 8, employeeWeight: 1, followers: [50, 2_000] },
  { range: '11-50', weight: 14, employeeWeight: 2, followers: [300, 8_000] },
  { range: '51-200', weight: 14, employeeWeight: 4, followers: [1_000, 30_000] },
  { range: '201-500', weight: 10, employeeWeight: 6, followers: [5_000, 80_000] },
  { range: '501-1,000', weight: 7, employeeWeight: 8, followers: [10_000, 150_000] },
  { range: '1,001-5,000', weight: 6, employeeWeight: 12, followers: [30_000, 500_000] },
  { range: '5,001-10,000', weight: 3, employeeWeight: 16, followers: [100_000, 1_500_000] },
  { range: '10,001+', weight: 3, employeeWeight: 24, followers: [300_000, 12_000_000] },
] as const;

export const COMPANY_DESCRIPTIONS = [
  '{name} is a {industry} company headquartered in {city}. We {pitch}.',
  'Founded in {year} in {city}, {name} is on a mission to {pitch2}.',
  'At {name}, we {pitch}. {size} people across {offices} offices, one team.',
  '{name} ({industry}) — we {pitch}. Headquartered in {city}, {country}.',
];

export const HEADLINES = [
  '{title} at {company}',
  '{title} at {company}',
  '{title} @ {company}',
  '{title} at {company} | {skill1} & {skill2}',
  '{title} | {skill1} · {skill2} · {skill3}',
  '{title} at {company} · ex-{otherCompany}',
  '{title} · {industry}',
  '{title} at {company} · {skill1}',
  '{title} at {company} | Speaker | Mentor',
  '{title} | Helping teams with {skill1} | {city}',
  '{title} | Open to new opportunities',
];

export const ABOUT_OPENERS = [
  '{title} with {years} years of experience in {industry}.',
  'I am a {title} based in {city}, currently at {company}.',
  'Passionate about {skill1} and {skill2}.',
  'I help {industry} teams get better at {skill1}.',
];

export const ABOUT_EXTRAS = [
  'My focus areas: {skill1}, {skill2} and {skill3}.',
  'Previously at {otherCompany}.',
  'Always happy to connect with people working on {skill1}.',
  'Outside work you will find me {hobby}.',
  'I write about {skill2} and careers in {industry}.',
  'Languages: English and a bit more.',
];

export const HOBBIES = ['trail running', 'playing chess', 'taking photos', 'cooking for friends', 'cycling', 'playing jazz piano', 'climbing', 'gardening', 'sailing', 'reading science fiction', 'learning Japanese', 'volunteering at a food bank', 'brewing coffee', 'hiking with my dog'];

export const POSTS = [
  'Excited to share that {company} just launched something we have been working on for months. Proud of this team! #{tag}',
  '3 things I learned about {skill1} this year: start small, measure everything, and share what you learn. #{tag}',
  'We are hiring a {title} in {city}. DM me if you are interested or know someone great! #hiring',
  'Great conversations at a {industry} meetup in {city} this week. Thanks to everyone who came by.',
  'Hot take: {skill1} is still underrated in {industry}. Agree or disagree?',
  'Grateful for my colleagues at {company}. Good people make hard problems fun.',
  'Just wrapped up a workshop on {skill1}. Slides in the comments. #{tag}',
  'What is the one {skill2} resource you would recommend to someone starting out?',
  'Weekend reading list: three great articles on {skill1} and {skill2}.',
  'Celebrating {years} years at {company} today! Time flies.',
  'Our team at {company} keeps growing: {n} new colleagues joined us this quarter. Welcome aboard!',
  'Lessons from shipping a {skill1} project under a tight deadline: scope ruthlessly, communicate early.',
  'Honoured to speak about {skill2} at a conference in {city} next month. Who else is going?',
  'A reminder that career paths are not linear. I went from {otherTitle} to {title} and never looked back.',
];

export const GROUP_NAMES = [
  '{skill} Professionals',
  '{skill} Community',
  '{industry} Leaders Network',
  '{city} Tech & Startups',
  'Women in {family}',
  '{family} Careers',
  '{industry} Innovation Forum',
  'Future of {skill}',
];

export const GROUP_DESCRIPTIONS = [
  'A place for people interested in {topic} to share news, questions and opportunities.',
  'Members discuss {topic}: best practices, jobs, tools and events. Be kind, no spam.',
  'The community for {topic}. Introduce yourself and tell us what you are working on!',
];

export const EVENT_DESCRIPTIONS = [
  'Join {company} for an evening about {topic}, with talks, Q&A and networking.',
  'An online session on {topic}, hosted by {company}. Free to attend; the recording will be shared.',
  'Meet people working on {topic}. Hosted by {company}.',
];

export const EVENT_NAMES = [
  '{skill} Summit {year}',
  '{city} {family} Meetup',
  'Webinar: {skill} in practice',
  '{industry} Forum {year}',
  'Ask me anything: careers in {family}',
  '{company} Open House',
];

/** Human names for role families in group and event names ("Women in Engineering"). */
export const FAMILY_LABELS: Record<RoleFamilyKey, string> = {
  engineering: 'Engineering',
  data: 'Data & AI',
  product: 'Product',
  design: 'Design',
  marketing: 'Marketing',
  sales: 'Sales',
  people: 'HR & Talent',
  finance: 'Finance',
  operations: 'Operations',
  customer: 'Customer Success',
  consulting: 'Consulting',
  health: 'Healthcare',
  education: 'Education',
  legal: 'Legal',
  industrial: 'Industry & Energy',
  leadership: 'Leadership',
  media: 'Media',
};
